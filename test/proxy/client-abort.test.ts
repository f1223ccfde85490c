/**
 * ClientAbort: the cheap per-request cancel signal. It fires when the client's connection closes
 * before the response is complete, never after, and onCancel treats it like an AbortSignal.
 */
import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { ClientAbort, onCancel } from "../../src/proxy/client-abort.js";

function fakeResponse(): ServerResponse & { writableFinished: boolean } {
  const res = new EventEmitter() as ServerResponse & { writableFinished: boolean };
  Object.defineProperty(res, "writableFinished", { value: false, writable: true });
  return res;
}

describe("ClientAbort", () => {
  it("aborts once, with a reason, when the client closes before the response is complete", () => {
    const res = fakeResponse();
    const abort = new ClientAbort(res);
    const heard = vi.fn();
    const stop = onCancel(abort, heard);
    expect(abort.aborted).toBe(false);
    res.emit("close");
    expect(abort.aborted).toBe(true);
    expect(abort.reason?.message).toBe("client disconnected");
    expect(heard).toHaveBeenCalledTimes(1);
    abort.abort(new Error("again"));
    expect(heard).toHaveBeenCalledTimes(1);
    expect(abort.reason?.message).toBe("client disconnected");
    stop();
  });

  it("does not abort when the connection closes after the response finished", () => {
    const res = fakeResponse();
    const abort = new ClientAbort(res);
    res.writableFinished = true;
    res.emit("close");
    expect(abort.aborted).toBe(false);
  });

  it("onCancel: stops listening, and calls at once for a signal that has already aborted", () => {
    const res = fakeResponse();
    const abort = new ClientAbort(res);
    const heard = vi.fn();
    onCancel(abort, heard)();
    res.emit("close");
    expect(heard).not.toHaveBeenCalled();
    onCancel(abort, heard);
    expect(heard).toHaveBeenCalledTimes(1);

    const controller = new AbortController();
    const onSignal = vi.fn();
    const stop = onCancel(controller.signal, onSignal);
    stop();
    controller.abort();
    expect(onSignal).not.toHaveBeenCalled();
    onCancel(controller.signal, onSignal);
    expect(onSignal).toHaveBeenCalledTimes(1);
  });
});
