export type { Usage } from './usage.js';
