// Paddock's configuration: every environment variable it reads, with its default, in one place.
// Only the composition root (server.ts) calls readConfig.
import { join } from "node:path";

export interface Config {
  /** TCP port to listen on (PORT, default 3000). */
  readonly port: number;
  /** Address to bind (HOST, default 127.0.0.1; 0.0.0.0 to serve other machines). */
  readonly host: string;
  /** PostgreSQL URL (DATABASE_URL); when unset, the embedded SQLite file below is used. */
  readonly databaseUrl: string | null;
  /** Folder for the embedded database (PADDOCK_DATA_DIR, default ./.paddock). */
  readonly dataDir: string;
  /** Log level (LOG_LEVEL: debug, info, warn, error; default info). */
  readonly logLevel: "debug" | "info" | "warn" | "error";
  /**
   * Behind a reverse proxy (PADDOCK_TRUST_PROXY=1): believe its X-Forwarded-Proto, -Host and -For
   * headers (https for Secure cookies, the client's IP for login rate limits). Default off.
   */
  readonly trustProxy: boolean;
  /**
   * NATS server URL (PADDOCK_NATS_URL, e.g. nats://127.0.0.1:4222): live updates go through its
   * JetStream so viewers on every node get them (docs/live.md). Unset: one node, in memory.
   */
  readonly natsUrl: string | null;
  /** This node's name in logs and NATS (PADDOCK_NODE_NAME, default paddock-<port>). */
  readonly nodeName: string;
}

export const CONFIG_VARIABLES = [
  "PORT",
  "HOST",
  "DATABASE_URL",
  "PADDOCK_DATA_DIR",
  "LOG_LEVEL",
  "PADDOCK_TRUST_PROXY",
  "PADDOCK_NATS_URL",
  "PADDOCK_NODE_NAME",
] as const;

export function readConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): Config {
  const port = env.PORT === undefined || env.PORT === "" ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const level = env.LOG_LEVEL ?? "info";
  if (!["debug", "info", "warn", "error"].includes(level))
    throw new Error(`LOG_LEVEL must be debug, info, warn or error, not "${level}"`);
  const trustProxy = env.PADDOCK_TRUST_PROXY ?? "";
  if (!["", "0", "1"].includes(trustProxy))
    throw new Error(`PADDOCK_TRUST_PROXY must be 1 or 0, not "${trustProxy}"`);
  return {
    port,
    host: env.HOST || "127.0.0.1",
    databaseUrl: env.DATABASE_URL || null,
    dataDir: env.PADDOCK_DATA_DIR || join(cwd, ".paddock"),
    logLevel: level as Config["logLevel"],
    trustProxy: trustProxy === "1",
    natsUrl: env.PADDOCK_NATS_URL || null,
    nodeName: env.PADDOCK_NODE_NAME || `paddock-${port}`,
  };
}
