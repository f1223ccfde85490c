export { buildTier1, FALLBACK_THRESHOLDS, type AttackDetectorOption, type BuiltTier1, type Tier1BuildOptions } from "./build.js";
export { Tier1, scanInputs, transcript } from "./tier.js";
export { runEnsemble, type DetectorReport, type EnsembleResult } from "./ensemble.js";
export { DetectorError, type Detector, type ScanInput, type ScanContext, type Source, type Thresholds } from "./detector.js";
export { OnnxDetector } from "./onnx/detector.js";
export { HttpDetector } from "./http/detector.js";
export { Tokenizer } from "./tokenizer/tokenizer.js";
