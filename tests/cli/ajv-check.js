// ajv-check.js META SCHEMA...: compile every schema with Ajv in strict mode,
// with the x- keywords that the openreg meta-schema declares as a vocabulary,
// and validate each against that meta-schema.  One line per schema; exit 1
// when one fails.
"use strict";
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");
const YAML = require("yaml");
const fs = require("fs");

const load = (f) => YAML.parse(fs.readFileSync(f, "utf8"));
const [metaFile, ...files] = process.argv.slice(2);
const meta = load(metaFile);
const keywords = Object.keys(meta.properties || {}).filter((k) => k.startsWith("x-"));
let failed = 0;
for (const f of files) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv, ["date"]);
  ajv.addVocabulary(keywords);
  ajv.addMetaSchema(meta);
  try {
    const schema = load(f);
    if (!ajv.validate(meta.$id, schema))
      throw new Error(ajv.errorsText(ajv.errors, { dataVar: "schema" }));
    ajv.compile(schema);
    console.log(`ok ${f}`);
  } catch (e) {
    console.log(`FAIL ${f}: ${e.message}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
