/**
 * The worker calls behind the Models panel's intents. What the panel shows (the saved list and
 * the model in use) comes from the worker's state snapshot, not from here.
 */
import * as Comlink from 'comlink';
import { checkModelFileSizes } from '../shared/model-files.ts';
import type { JobKind } from '../shared/worker-state.ts';
import type { ModelFiles } from '../shared/protocol.ts';
import { downloadFiles } from './download-files.ts';
import type { NoticeController } from './notice-controller.ts';
import { strings as s } from './strings.ts';
import type { WorkerClient } from './worker-client.ts';

/** What the handlers need from the app. */
export interface SavedModelsHost {
  client: WorkerClient;
  notices: NoticeController;
  /** Runs a call as the app's job `kind` (other buttons wait); reports its failure. */
  job: (kind: JobKind, work: (signal: AbortSignal) => Promise<void>) => Promise<void>;
  /** Names of saved models by id, for messages. */
  savedName: (id: number) => string;
}

/** The Models panel's intents as worker calls. */
export class SavedModelsController {
  constructor(private readonly app: SavedModelsHost) {}

  /** Saves the model in use under `name`. */
  readonly handleSave = (event: CustomEvent<string>): Promise<void> =>
    this.app.job('save', async () => {
      const info = await this.app.client.api.saveModel(event.detail);
      this.app.notices.info(() => s.modelSaved(info.name));
    });

  /** Makes a saved model the one in use. */
  readonly handleLoad = (event: CustomEvent<number>): Promise<void> =>
    this.app.job('load', async () => {
      const { name } = await this.app.client.api.loadModel(event.detail);
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
  };

  /** Deletes a saved model (the panel has asked the person first). */
  readonly handleDelete = async (event: CustomEvent<number>): Promise<void> => {
    const name = this.app.savedName(event.detail);
    try {
      await this.app.client.api.deleteModel(event.detail);
      this.app.notices.info(() => s.modelDeleted(name));
    } catch (error) {
      this.app.notices.report(error);
    }
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
    this.app.job('import', async (signal) => {
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
      const info = await this.app.client.api.importModel(transfer, signal);
      this.app.notices.info(() => s.modelImported(info.name));
    });
}
