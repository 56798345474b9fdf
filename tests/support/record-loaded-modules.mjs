// Registered with `node --import` after tsx: records the URL of every module the process
// loads, one a line, in the file named by CITYHUB_TEST_MODULES_FILE (see loaded-modules.ts).
import { register } from 'node:module';

register('./record-loaded-modules-hooks.mjs', import.meta.url, { data: { file: process.env.CITYHUB_TEST_MODULES_FILE } });
