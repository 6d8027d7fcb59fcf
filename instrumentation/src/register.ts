// `node --import @costtrace/sdk/register app.js`: init() from the environment before any app code runs.
import { init } from './sdk.js';

init();
