// gitlab-ci.js validate SCHEMA FILE: validate a GitLab CI file against GitLab's
// JSON Schema (draft-07), one line per problem; exit 1 when it is not valid.
// gitlab-ci.js script FILE JOB: print the job's before_script and script,
// with what it extends, as one shell script, the way the runner runs them.
"use strict";
const fs = require("fs");
const YAML = require("yaml");
const [mode, ...args] = process.argv.slice(2);

if (mode === "validate") {
  const Ajv = require("ajv");
  const addFormats = require("ajv-formats");
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(args[0], "utf8")));
  const doc = YAML.parse(fs.readFileSync(args[1], "utf8"));
  if (!validate(doc)) {
    for (const e of validate.errors) console.log(`${e.instancePath || "/"}: ${e.message}`);
    process.exit(1);
  }
  console.log("valid");
} else if (mode === "script") {
  const doc = YAML.parse(fs.readFileSync(args[0], "utf8"));
  const job = doc[args[1]];
  const base = job.extends ? doc[job.extends] : {};
  const lines = [...(job.before_script || base.before_script || []), ...(job.script || base.script || [])];
  const vars = { ...(base.variables || {}), ...(job.variables || {}) };
  for (const [k, v] of Object.entries(vars)) console.log(`${k}='${String(v)}'; export ${k}`);
  console.log("set -e");
  for (const l of lines) console.log(l);
}
