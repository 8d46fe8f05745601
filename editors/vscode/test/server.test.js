// The extension's start-up logic, run in plain Node (VS Code itself is not needed): how
// `cclint` is found, and that the command and arguments it builds start the real
// `cclint server`, which answers as a language client expects. CCLINT_PATH names the
// cclint to test (CI sets it to the freshly built binary).
const { test } = require("node:test");
const assert = require("node:assert");
const cp = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const rpc = require("vscode-jsonrpc/node");
const { findCclint, serverArgs, INSTALL_HINT } = require("../out/server.js");

const noSettings = { path: "", config: "", noConfig: false };

function executable(dir, name) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o755);
  return file;
}

test("cclint is found by its setting, then CCLINT_PATH, then PATH", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cclint-find-"));
  const onPath = executable(fs.mkdtempSync(path.join(dir, "bin-")), "cclint");
  const named = executable(dir, "my-cclint");
  const env = { PATH: ["/nonexistent", path.dirname(onPath)].join(path.delimiter) };
  assert.equal(findCclint(noSettings, env), onPath);
  assert.equal(findCclint(noSettings, { ...env, CCLINT_PATH: named }), named);
  assert.equal(findCclint({ ...noSettings, path: named }, { ...env, CCLINT_PATH: "/x" }), named);
  // A named cclint that is not there is not replaced by another: the user is told.
  assert.equal(findCclint({ ...noSettings, path: path.join(dir, "missing") }, env), undefined);
  assert.equal(findCclint(noSettings, { PATH: "/nonexistent" }), undefined);
  assert.match(INSTALL_HINT, /cargo install/);
  assert.match(INSTALL_HINT, /cclint\.path/);
});

test("the settings become the server's arguments", () => {
  assert.deepEqual(serverArgs(noSettings, "/repo"), ["server"]);
  assert.deepEqual(serverArgs({ ...noSettings, config: "ci.yaml" }, "/repo"), ["server", "--config", "/repo/ci.yaml"]);
  assert.deepEqual(serverArgs({ ...noSettings, noConfig: true, config: "x" }, "/repo"), ["server", "--no-config"]);
});

test("the command it builds starts the real server, which answers a client", async () => {
  const command = findCclint(noSettings, process.env);
  assert.ok(command, "set CCLINT_PATH to a cclint binary, or put cclint on PATH");
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "cclint-repo-"));
  fs.writeFileSync(path.join(repo, "roles.ccl"), "department hr\nrole clerk { department: hr }\n");
  // The configuration the settings name leaves roles.ccl out: `hr` and `clerk` go unknown.
  fs.writeFileSync(path.join(repo, "ci.yaml"), "exclude: [roles.ccl]\n");
  const product = "product p { produced_by: hr; owner: clerk; end_user: nobody }\n";
  fs.writeFileSync(path.join(repo, "p.ccl"), product);
  const server = cp.spawn(command, serverArgs({ ...noSettings, config: "ci.yaml" }, repo), { cwd: repo });
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(server.stdout),
    new rpc.StreamMessageWriter(server.stdin),
  );
  connection.onRequest("client/registerCapability", () => null);
  const published = new Promise((resolve) => {
    connection.onNotification("textDocument/publishDiagnostics", (params) => {
      if (params.uri.endsWith("/p.ccl")) {
        resolve(params);
      }
    });
  });
  connection.listen();
  const init = await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: "file://" + repo,
    capabilities: {},
  });
  assert.equal(init.serverInfo.name, "cclint");
  assert.ok(init.capabilities.semanticTokensProvider.legend.tokenTypes.includes("class"));
  connection.sendNotification("initialized", {});
  const found = await published;
  assert.deepEqual(found.diagnostics.map((d) => d.code), ["CC002", "CC002", "CC002"]);
  await connection.sendRequest("shutdown");
  const exited = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
  connection.sendNotification("exit");
  assert.equal(await exited, 0);
  connection.dispose();
});
