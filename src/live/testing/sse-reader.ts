// Reads Server-Sent Events for tests and the bench: feed it text as it arrives, get events out
// (the fields of the HTML standard's event stream format; comments counted, not returned).
export interface SseEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

export class SseReader {
  private buffer = "";
  private id: string | undefined;
  private event = "";
  private data: string[] = [];
  /** Comment lines seen (heartbeats). */
  comments = 0;

  /** The events completed by this chunk of text. */
  push(text: string): SseEvent[] {
    this.buffer += text;
    const out: SseEvent[] = [];
    let at: number;
    while ((at = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, at);
      this.buffer = this.buffer.slice(at + (this.buffer.startsWith("\r\n", at) ? 2 : 1));
      if (line === "") {
        if (this.data.length > 0)
          out.push({ id: this.id, event: this.event || "message", data: this.data.join("\n") });
        this.event = "";
        this.data = [];
        continue;
      }
      if (line.startsWith(":")) {
        this.comments++;
        continue;
      }
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "id") this.id = value;
      else if (field === "event") this.event = value;
      else if (field === "data") this.data.push(value);
    }
    return out;
  }
}

/**
 * Reads a fetch Response's event stream: `onEvent` for each event until `stop()` (which cancels
 * the body, as a viewer closing the page does).
 */
export function readEvents(
  res: Response,
  onEvent: (e: SseEvent, reader: SseReader) => void,
): { stop: () => Promise<void>; done: Promise<void>; sse: SseReader } {
  if (!res.body) throw new Error("no body");
  const body = res.body.getReader();
  const sse = new SseReader();
  const decoder = new TextDecoder();
  const done = (async () => {
    for (;;) {
      const { value, done: end } = await body
        .read()
        .catch(() => ({ value: undefined, done: true }));
      if (end) return;
      for (const e of sse.push(decoder.decode(value, { stream: true }))) onEvent(e, sse);
    }
  })();
  return {
    sse,
    done,
    stop: async () => {
      await body.cancel().catch(() => {});
      await done;
    },
  };
}
