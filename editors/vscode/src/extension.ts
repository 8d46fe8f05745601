// The VS Code extension: CCL highlighting comes from the grammar in package.json; this
// starts `cclint server` as the language server of CCL files, and starts it again when
// the `cclint.*` settings change.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";
import { findCclint, INSTALL_HINT, serverArgs, Settings } from "./server";

let client: LanguageClient | undefined;

function settings(): Settings {
  const config = vscode.workspace.getConfiguration("cclint");
  return {
    path: config.get<string>("path", ""),
    config: config.get<string>("config", ""),
    noConfig: config.get<boolean>("noConfig", false),
  };
}

async function start(): Promise<void> {
  const current = settings();
  const command = findCclint(current, process.env);
  if (!command) {
    void vscode.window.showErrorMessage(INSTALL_HINT);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const serverOptions: ServerOptions = {
    command,
    args: serverArgs(current, folder),
    transport: TransportKind.stdio,
    options: { cwd: folder },
  };
  const clientOptions: LanguageClientOptions = {
    // cclint.yaml too: hover on the rules it names, and go to where a rule's level is set.
    documentSelector: [
      { scheme: "file", language: "ccl" },
      { scheme: "file", pattern: "**/cclint.yaml" },
    ],
  };
  client = new LanguageClient("cclint", "cclint", serverOptions, clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("cclint")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
