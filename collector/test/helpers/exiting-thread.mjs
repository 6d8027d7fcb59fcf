// A processing thread that dies on its first export, as a thread hit by a fault would: for export-workers tests.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (message) => {
  if (message.type === 'export') process.exit(7);
});
