export { type PropertyFormatId, propertyFormats } from '../generated/formats.gen.js';
export {
  checkNestedFormat,
  formatPropertyString,
  type PropertyFormatRef,
  type PropertyValue,
  type PropertyValues,
  parsePropertyString,
} from './codec.js';
export { PropertyStringError, type PropertyStringRule } from './errors.js';
export * from './guests.js';
export { checkNamedFormat, namedValidators, splitList } from './named.js';
export { formatSize, parseSize } from './size.js';
export type * from './spec.js';
export { decodeSshKeys, encodeSshKeys } from './sshkeys.js';
export { type FormatValues, type TypedFormat, typedFormat } from './typed.js';
export { validateParameters } from './validate.js';
