// Validates Kubernetes manifests against the Kubernetes API schemas using kubernetes-models (generated from the
// Kubernetes OpenAPI definitions). Every document must be a known kind and valid; exits 1 on the first file with errors.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const files = process.argv.slice(2);
if (files.length === 0) throw new Error("no manifests given");
let documents = 0;
const failures = [];
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) { failures.push(`${file}: YAML: ${doc.errors[0].message}`); continue; }
    const object = doc.toJS();
    if (object === null) continue;
    const { apiVersion, kind } = object;
    const path = apiVersion.includes("/") ? apiVersion : `v1`;
    try {
      const module = await import(`kubernetes-models/${path}/${kind}`);
      new module[kind](object).validate();
      documents++;
    } catch (error) {
      failures.push(`${file}: ${apiVersion} ${kind} ${object.metadata?.name ?? ""}: ${error.message}`);
    }
  }
}
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`manifests: ${documents} documents in ${files.length} files valid against the Kubernetes API schemas`);
