// The Node ceiling for the benchmark, not part of the product: `node:http` answering every
// request with the bytes of one vehicles page held in memory — what one Node process can serve
// on this machine with no framework, no cache look-up and no database.
//   node scripts/bench/bare-http.ts <port> <file with the page>   (run through tsx)

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, file] = process.argv.slice(2) as [string, string];
const page = readFileSync(file);
createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': page.length });
  response.end(page);
}).listen(Number(port), '127.0.0.1');
