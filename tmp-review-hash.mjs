import { networkSha256 } from './dist/src/network/hash.js';
import { networkFromJson } from './dist/src/network/json.js';
import fs from 'node:fs';
console.log(networkSha256(networkFromJson(JSON.parse(fs.readFileSync(process.argv[2],'utf8')))));
