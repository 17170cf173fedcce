/**
 * A tiny sentence-embedding model folder, written by hand so the `local` embedder can be tested
 * for real without downloading anything: a one-node ONNX graph (Gather over an embedding matrix,
 * giving `last_hidden_state`), a WordPiece tokenizer.json over a small vocabulary, and a BERT
 * config.json. Each word's row is its toy vector (toy-embedding.ts), so the mean-pooled output of
 * a text points the same way as toyVector(text).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toyVector } from "./toy-embedding.js";

// Protocol buffer encoding, just enough for onnx.proto's ModelProto.
const varint = (n: number): number[] => {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
};
const key = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const bytes = (field: number, data: Uint8Array | number[]) => [
  ...key(field, 2),
  ...varint(data.length),
  ...data,
];
const str = (field: number, s: string) => bytes(field, [...Buffer.from(s, "utf8")]);

const INT64 = 7;
const FLOAT = 1;

function valueInfo(name: string, elemType: number, dims: (string | number)[]): number[] {
  const shape = dims.flatMap((d) => bytes(1, typeof d === "number" ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, elemType), ...bytes(2, shape)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

function onnxModel(matrix: Float32Array, vocab: number, dims: number): Uint8Array {
  const raw = new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength);
  const initializer = [
    ...int(1, vocab),
    ...int(1, dims),
    ...int(2, FLOAT),
    ...str(8, "embeddings"),
    ...bytes(9, raw),
  ];
  const node = [
    ...str(1, "embeddings"),
    ...str(1, "input_ids"),
    ...str(2, "last_hidden_state"),
    ...str(3, "lookup"),
    ...str(4, "Gather"),
  ];
  const graph = [
    ...bytes(1, node),
    ...str(2, "tiny"),
    ...bytes(5, initializer),
    ...bytes(11, valueInfo("input_ids", INT64, ["batch", "sequence"])),
    ...bytes(12, valueInfo("last_hidden_state", FLOAT, ["batch", "sequence", dims])),
  ];
  const opset = [...str(1, ""), ...int(2, 13)];
  return Uint8Array.from([
    ...int(1, 8),
    ...str(2, "logsage-test"),
    ...bytes(7, graph),
    ...bytes(8, opset),
  ]);
}

/** Writes the model folder `<parent>/<name>` and returns its path. */
export function writeTinyModel(parent: string, words: readonly string[], dims = 16): string {
  const folder = join(parent, "tiny-embedder");
  mkdirSync(join(folder, "onnx"), { recursive: true });
  const tokens = ["[PAD]", "[UNK]", ...words];
  const matrix = new Float32Array(tokens.length * dims);
  // [PAD] and [UNK] stay zero: padding is masked out, unknown words add nothing.
  for (const [i, word] of words.entries()) matrix.set(toyVector(word, dims), (i + 2) * dims);
  writeFileSync(join(folder, "onnx", "model.onnx"), onnxModel(matrix, tokens.length, dims));
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  writeFileSync(
    join(folder, "tokenizer.json"),
    JSON.stringify({
      version: "1.0",
      truncation: null,
      padding: null,
      added_tokens: [special(0, "[PAD]"), special(1, "[UNK]")],
      normalizer: { type: "Lowercase" },
      pre_tokenizer: { type: "Whitespace" },
      post_processor: null,
      decoder: null,
      model: {
        type: "WordPiece",
        unk_token: "[UNK]",
        continuing_subword_prefix: "##",
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(tokens.map((t, i) => [t, i])),
      },
    }),
  );
  writeFileSync(
    join(folder, "tokenizer_config.json"),
    JSON.stringify({
      tokenizer_class: "BertTokenizer",
      pad_token: "[PAD]",
      unk_token: "[UNK]",
      model_max_length: 512,
    }),
  );
  writeFileSync(
    join(folder, "config.json"),
    JSON.stringify({
      model_type: "bert",
      architectures: ["BertModel"],
      hidden_size: dims,
      vocab_size: tokens.length,
    }),
  );
  return folder;
}
