// One node process that runs JavaScript for a test file (tests/node_process.py starts it and speaks to it).
//
//   node tests/js/serve.mjs
//
// Each line on stdin is a request, {"modules": {name: url}, "body": text, "input": value}; each answer is one
// line on stdout, in the same order: {"value": v} where v is what the async function body returned, with the
// modules imported under their names and the request's input as `input`, or {"error": stack} if it threw.
// JSON has no NaN or Infinity: {"number": "NaN"} in a request is the number NaN, and a number that is not
// finite in an answer is sent as its text ("NaN", "Infinity", "-Infinity").

import { createInterface } from "node:readline";

const AsyncFunction = (async () => {}).constructor;

const revive = (key, value) =>
  value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 &&
  typeof value.number === "string" ? Number(value.number) : value;
const textOfNonFinite = (key, value) => (typeof value === "number" && !Number.isFinite(value) ? String(value) : value);

async function answer(line) {
  const { modules, body, input } = JSON.parse(line, revive);
  const names = Object.keys(modules);
  const imported = await Promise.all(names.map((name) => import(modules[name])));
  return new AsyncFunction("input", ...names, body)(input, ...imported);
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  let out;
  try {
    out = { value: await answer(line) };
  } catch (error) {
    out = { error: String(error?.stack ?? error) };
  }
  process.stdout.write(JSON.stringify(out, textOfNonFinite) + "\n");
}
