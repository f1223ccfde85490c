/**
 * Window sizes for long inputs. Prompts: most fit one window, so scoring stays one pass. Tool
 * content: shorter windows, because a planted instruction is a sentence or two inside a long
 * document and a long window would dilute it; the overlap is longer than a typical injection so
 * that one window always holds it whole.
 */
import type { WindowOptions } from "../../ml/windows.js";

export const PROMPT_WINDOW: WindowOptions = { size: 2000, overlap: 500 };
export const TOOL_WINDOW: WindowOptions = { size: 800, overlap: 400 };
