/** A detector cannot be set up (missing model folder, malformed file): reported at start-up. */
export class DetectorSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DetectorSetupError";
  }
}
