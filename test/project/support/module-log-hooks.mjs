// Registered with `node --import`: reports on stderr every module resolved from node_modules/openai,
// onnxruntime-node or jszip, so a test can see which heavy dependencies a process loaded.
import { register } from "node:module";

const hooks = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const match = /node_modules\\/(openai|onnxruntime-node|jszip)\\//.exec(result.url);
  if (match) process.stderr.write("MODULE-LOADED " + match[1] + "\\n");
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
