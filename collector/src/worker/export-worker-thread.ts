// A processing thread: prices each export body its main thread posts (decode → price → encode) and posts back the
// work, the block's memory moved rather than copied. Exports are taken in order, so every export is priced by the
// last recipe posted before it.
import { parentPort } from 'node:worker_threads';
import type { Pricer } from '@costtrace/pricing';
import { PricerBuilder } from '../prices/pricer-recipe.js';
import { OtlpDecodeError } from '../receiver/otlp-decode-error.js';
import type { FromProcessingThread, ToProcessingThread } from './export-messages.js';
import { workOnExport } from './export-work.js';

const port = parentPort!;
const builder = new PricerBuilder();
let pricer: Pricer | undefined;

port.on('message', (message: ToProcessingThread) => {
  if (message.type === 'pricer') {
    pricer = builder.build(message.recipe);
    return;
  }
  let answer: FromProcessingThread;
  let transfer: ArrayBuffer[] = [];
  try {
    if (!pricer) throw new Error('no pricer recipe arrived before the first export');
    const work = workOnExport(message.body, message.encoding, pricer);
    answer = { id: message.id, work };
    if (work.block) transfer = [work.block.buffer as ArrayBuffer];
  } catch (error) {
    answer = { id: message.id, failure: { decode: error instanceof OtlpDecodeError, message: (error as Error).message } };
  }
  port.postMessage(answer, transfer);
});
