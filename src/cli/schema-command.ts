import type { Command } from "commander";
import { rulesJsonSchema } from "../core/points-rules.js";
import { seasonJsonSchema } from "../core/season-input.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of a bundle document: the points rules or the season file")
    .argument("<document>", "rules | season")
    .action((doc: string) => {
      if (doc !== "rules" && doc !== "season") {
        process.stderr.write(`paddock: unknown document "${doc}"; say rules or season\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        JSON.stringify(doc === "rules" ? rulesJsonSchema() : seasonJsonSchema(), null, 2) + "\n",
      );
    });
}
