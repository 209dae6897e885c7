// Generates the TypeScript protobuf code in src/gen from proto/chorus/v1
// with protoc and protoc-gen-es (protobuf-es v2). The output is committed;
// CI regenerates it and fails when it differs.
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const protoRoot = "../proto";
const protos = readdirSync(join(protoRoot, "chorus/v1"))
  .filter((f) => f.endsWith(".proto"))
  .sort()
  .map((f) => join(protoRoot, "chorus/v1", f));
const protoc = process.env.PROTOC || "/usr/bin/protoc";
const include = process.env.PROTOC_INCLUDE || "/usr/include";

rmSync("src/gen", { recursive: true, force: true });
mkdirSync("src/gen", { recursive: true });
execFileSync(
  protoc,
  [
    `--plugin=protoc-gen-es=node_modules/.bin/protoc-gen-es`,
    `--es_out=src/gen`,
    `--es_opt=target=ts`,
    `-I${protoRoot}`,
    `-I${include}`,
    ...protos,
  ],
  { stdio: "inherit" },
);
console.log(`generated src/gen from ${protos.length} protos`);
