/** The grouping engine: pure functions from one fault report to a fingerprint and its explanation. */
export type {
  Deobfuscator,
  FaultInput,
  FrameMapping,
  FrameFormat,
  GroupingComponent,
  GroupingComponentId,
  GroupingConfig,
  GroupingResult,
  OutOfAppRules,
  ParseLimits,
  ParseOptions,
  ParsedFrame,
  ParsedStack,
  WrappingException,
  StackFormat,
  StackFrame,
} from './types';
export { groupFault, frameKey, normaliseExceptionType } from './fingerprint';
export { parseStackTrace } from './stack-parser';
export { groupForIngest, type IngestGrouping } from './transition';
export { comparableFrames, similarity, similarityOfKeys, type Similarity, type SimilarityInput } from './similarity';
export { buildTitle } from './title';
export { normaliseMessage, MESSAGE_RULES, MESSAGE_RULE_NAMES, type MessageRule } from './normaliser';
export { CURRENT_GROUPING_CONFIG, GROUPING_CONFIG_2026_11_25, GROUPING_CONFIG_2026_12_02, GROUPING_CONFIG_2026_12_03, getGroupingConfig, listGroupingConfigs } from './grouping-config';
export {
  compileRules,
  globMatch,
  NO_CUSTOM_RULES,
  type CustomRules,
  type GroupTogetherRule,
  type IgnoreFramesRule,
} from './custom-rules';
export { normaliseJavaSymbol, normaliseJsFunction } from './symbol-normaliser';
export { isDigits } from './parsers/common';
