import { createParser, type EventSourceMessage } from "eventsource-parser";

/** Turns the body's bytes into text (and may take parts out of it on the way). */
export interface BodyText {
  feed(chunk: Uint8Array): string;
  end(): string;
}

/**
 * Yields the server-sent events of a response body as they complete. Comments (`: keep-alive`)
 * are dropped by the parser; a malformed line never throws here, it just yields odd data.
 */
export async function* readServerSentEvents(
  body: AsyncIterable<Uint8Array>,
  text: BodyText,
): AsyncGenerator<EventSourceMessage> {
  const ready: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => ready.push(event) });
  for await (const chunk of body) {
    parser.feed(text.feed(chunk));
    yield* ready.splice(0);
  }
  parser.feed(text.end());
  // A last event without its blank line still counts once the stream has ended.
  parser.reset({ consume: true });
  yield* ready.splice(0);
}
