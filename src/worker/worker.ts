/** The worker's entry: teaches Comlink our errors and signals, and exposes the one API. */
import * as Comlink from 'comlink';
import { setUpComlink } from '../shared/comlink-setup.ts';
import { createWorkerApi, createWorkerServices } from './api.ts';

setUpComlink();
const services = createWorkerServices(
  new URL(`${import.meta.env.BASE_URL}models/starter/`, self.location.origin),
);
Comlink.expose(createWorkerApi(services));
