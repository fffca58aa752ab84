/**
 * The app's saved-models state (the list and the model in use) and the worker calls behind the
 * Models panel's intents. `<ms-app>` owns one and passes its state down to `<ms-models-panel>`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import * as Comlink from 'comlink';
import { checkModelFileSizes } from '../shared/model-files.ts';
import type { CurrentModelInfo, ModelFiles, SavedModelInfo } from '../shared/protocol.ts';
import { downloadFiles } from './download-files.ts';
import type { NoticeController } from './notice-controller.ts';
import { strings as s } from './strings.ts';
import type { WorkerClient } from './worker-client.ts';

/** What the controller needs from the app. */
export interface SavedModelsHost {
  client: WorkerClient;
  notices: NoticeController;
  /** Runs a job as the app's one job (buttons elsewhere wait); reports its failure. */
  exclusive: (job: () => Promise<void>) => Promise<void>;
  /** A saved model is in use now: the previous evaluation no longer describes it. */
  onLoaded: () => void;
}

/** Saved models and the model in use, kept in step with the worker. */
export class SavedModelsController implements ReactiveController {
  /** Saved models, newest first. */
  saved: readonly SavedModelInfo[] = [];
  /** The worker's current model, if it has one. */
  current?: CurrentModelInfo;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly app: SavedModelsHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Reads the saved list and the model in use from the worker. */
  async refresh(): Promise<void> {
    try {
      const api = this.app.client.api;
      [this.saved, this.current] = await Promise.all([api.listModels(), api.currentModel()]);
      this.host.requestUpdate();
    } catch (error) {
      this.app.notices.report(error);
    }
  }

  /** Saves the model in use under `name`. */
  readonly handleSave = (event: CustomEvent<string>): Promise<void> =>
    this.app.exclusive(async () => {
      const info = await this.app.client.api.saveModel(event.detail);
      this.app.notices.info(() => s.modelSaved(info.name));
      await this.refresh();
    });

  /** Makes a saved model the one in use. */
  readonly handleLoad = (event: CustomEvent<number>): Promise<void> =>
    this.app.exclusive(async () => {
      this.current = await this.app.client.api.loadModel(event.detail);
      this.app.onLoaded();
      this.host.requestUpdate();
      const { name } = this.current;
      this.app.notices.info(() => s.modelLoaded(name));
    });

  /** Renames a saved model. */
  readonly handleRename = async (
    event: CustomEvent<{ id: number; name: string }>,
  ): Promise<void> => {
    try {
      await this.app.client.api.renameModel(event.detail.id, event.detail.name);
    } catch (error) {
      this.app.notices.report(error);
    }
    await this.refresh();
  };

  /** Deletes a saved model (the panel has asked the person first). */
  readonly handleDelete = async (event: CustomEvent<number>): Promise<void> => {
    const name = this.saved.find((m) => m.id === event.detail)?.name ?? '';
    try {
      await this.app.client.api.deleteModel(event.detail);
      this.app.notices.info(() => s.modelDeleted(name));
    } catch (error) {
      this.app.notices.report(error);
    }
    await this.refresh();
  };

  /** Downloads a saved model as `<name>.json` and `<name>.weights.bin`. */
  readonly handleExport = async (event: CustomEvent<number>): Promise<void> => {
    try {
      const { files } = await this.app.client.api.exportModel(event.detail);
      downloadFiles(
        files.map((f) => ({
          ...f,
          type: f.name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
        })),
      );
      this.app.notices.info(() => s.modelExported(files.map((f) => f.name)));
    } catch (error) {
      this.app.notices.report(error);
    }
  };

  /** Imports a model from the files the person chose or dropped. */
  readonly handleImport = (event: CustomEvent<File[]>): Promise<void> =>
    this.app.exclusive(async () => {
      const chosen = event.detail;
      // Sizes first, so a huge file is refused before it is read into memory.
      checkModelFileSizes(chosen);
      const files: ModelFiles = {
        files: await Promise.all(
          chosen.map(async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })),
        ),
      };
      const transfer = Comlink.transfer(
        files,
        files.files.map((f) => f.bytes),
      );
      const info = await this.app.client.api.importModel(transfer);
      this.app.notices.info(() => s.modelImported(info.name));
      await this.refresh();
    });
}
