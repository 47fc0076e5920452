/**
 * Property strings (`virtio=BC:24:11:2E:4D:5F,bridge=vmbr0,firewall=1`), read and written the
 * way pve-common `JSONSchema.pm` does in `parse_property_string` and `print_property_string`,
 * driven by the generated format specs: there is no hand-written parser per key.
 *
 * Values come back typed: booleans as `true`/`false`, integers and numbers as numbers, the
 * rest as text. Sizes (`32G`) stay text, exactly as written, so `format(parse(s)) === s`;
 * `parseSize` turns them into bytes. Lists inside a value (`trunks=10;20`) stay text too.
 */
export {
  checkNestedFormat,
  type PropertyFormatRef,
  type PropertyStringFailure,
  type PropertyValue,
  type PropertyValues,
  parsePropertyString,
  readPropertyString,
} from './parse.js';
export { formatPropertyString } from './print.js';
