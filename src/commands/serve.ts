/** `moat serve [--config proxy.config.yaml] [--host H] [--port P]` */
import { parseCommandArgs, UsageError } from "./args.js";
import { startProxy } from "../proxy/server.js";

const HELP = `usage: moat serve [--config proxy.config.yaml] [--host HOST] [--port PORT]

Starts the proxy with the given config (default: ./proxy.config.yaml).
SIGHUP reloads the config; SIGTERM/SIGINT shut down gracefully.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("serve", argv, {
    config: { type: "string", short: "c", default: "proxy.config.yaml" },
    host: { type: "string" },
    port: { type: "string", short: "p" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`serve: --port expects a number from 0 to 65535, got "${values.port}"`);
  }
  const proxy = await startProxy({ config: values.config, host: values.host, port });
  const { logger } = proxy;
  const runtime = proxy.runtime();
  logger.info("moat listening", {
    url: proxy.url,
    config: runtime.file,
    routes: runtime.routes.map((r) => ({ name: r.name, prefix: r.prefix, mode: r.mode, upstream: r.config.upstream })),
  });

  process.on("SIGHUP", () => {
    proxy.reload().then(
      () => logger.info("config reloaded", { config: proxy.runtime().file }),
      (error: unknown) => logger.error("config reload rejected; the previous config keeps serving", { error: error instanceof Error ? error.message : String(error) }),
    );
  });

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info("shutting down", { signal });
      proxy.close(Number(process.env.MOAT_SHUTDOWN_DEADLINE_MS ?? 10_000)).then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
}
