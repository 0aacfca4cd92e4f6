// Where the monitoring workspace's configuration lives, for the tests that read or run it.

import { fileURLToPath } from 'node:url';

export const MONITORING = fileURLToPath(new URL('../../', import.meta.url));
