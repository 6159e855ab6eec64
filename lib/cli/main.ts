#!/usr/bin/env node
process.stderr.write('data8-batch: not yet available\n');
