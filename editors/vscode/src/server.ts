// How the extension starts `cclint server`: where the executable is and with which
// arguments. Kept apart from the VS Code API so that tests run it in plain Node.
import * as fs from "fs";
import * as path from "path";

/** The extension's settings (`cclint.*`). */
export interface Settings {
  /** The `cclint` executable; empty to look for it. */
  path: string;
  /** A configuration file instead of the `cclint.yaml` found; empty for none. */
  config: string;
  /** Ignore any `cclint.yaml`. */
  noConfig: boolean;
}

/** What to tell the user when no `cclint` can be found. */
export const INSTALL_HINT =
  "cclint was not found. Install it with `cargo install --locked --git https://github.com/cclint/cclint cclint`, " +
  "or set `cclint.path` to the executable.";

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The `cclint` to start: the `cclint.path` setting, then the `CCLINT_PATH` environment
 * variable, then `cclint` on `PATH`; `undefined` when the one named is not an executable
 * file or none is found.
 */
export function findCclint(settings: Settings, env: NodeJS.ProcessEnv): string | undefined {
  const named = settings.path || env.CCLINT_PATH;
  if (named) {
    return isExecutable(named) ? named : undefined;
  }
  const names = process.platform === "win32" ? ["cclint.exe", "cclint.cmd"] : ["cclint"];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (dir && isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/** The arguments of `cclint server` for these settings, in workspace folder `folder`. */
export function serverArgs(settings: Settings, folder: string | undefined): string[] {
  if (settings.noConfig) {
    return ["server", "--no-config"];
  }
  if (settings.config) {
    const config = folder ? path.resolve(folder, settings.config) : settings.config;
    return ["server", "--config", config];
  }
  return ["server"];
}
