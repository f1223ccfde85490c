/** OpenAI-style error envelopes: every client library knows how to read them. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function errorBody(message: string, type: string, code: string | null = null, param: string | null = null): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: OpenAIErrorBody,
  ) {
    super(body.error.message);
  }

  static badRequest(message: string, code: string | null = null, param: string | null = null): HttpError {
    return new HttpError(400, errorBody(message, "invalid_request_error", code, param));
  }
}
