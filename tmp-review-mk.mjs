import { claimSha256 } from './dist/src/certificates/schema.js';
import { checkCertificate } from './dist/src/checker/index.js';
import fs from 'node:fs';
const [,, inFile, outFile] = process.argv;
const doc = JSON.parse(fs.readFileSync(inFile, 'utf8'));
doc.evidence.claimSha256 = claimSha256(doc.claim);
fs.writeFileSync(outFile, JSON.stringify(doc, null, 1));
console.log(JSON.stringify(checkCertificate(doc)));
