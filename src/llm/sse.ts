/**
 * Server-sent events as OpenAI-compatible servers send them: `data: <json>` lines, events
 * separated by a blank line, the stream ended by `data: [DONE]`. Yields each event's data.
 */

export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, "");
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
      if (line === "") {
        if (data.length > 0) {
          const event = data.join("\n");
          data = [];
          if (event === "[DONE]") return;
          yield event;
        }
      } else if (line.startsWith("data:")) {
        data.push(line.slice(5).replace(/^ /, ""));
      }
      // Comments (":") and other fields (event:, id:, retry:) carry nothing we use.
    }
  }
  if (data.length > 0 && data.join("\n") !== "[DONE]") yield data.join("\n");
}
