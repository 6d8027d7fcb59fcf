#!/usr/bin/env -S node --max-semi-space-size=64
// A larger young generation halves the collector's garbage-collection time under load (bench:ingest); other
// commands do not notice it.
import '../dist/cli.js';
