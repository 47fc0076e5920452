import { createHash } from 'node:crypto';
import { HttpError, parameterError } from '../router/http-error.js';
import { UPLOADED_FILE, type UploadedFile } from '../router/multipart.js';
import { ok, type Route } from '../router/route.js';
import { type ContentType, nodeStorage, storeFile } from '../state/cluster/index.js';
import type { SimulatorState } from '../state/state.js';
import { type Request, startWorker } from './guest-common.js';
import { stringParam } from './params.js';

// The endings pve-storage accepts per content type (`ISO_EXT_RE_0`, `VZTMPL_EXT_RE_1`,
// `IMPORT_EXT_RE_1`).
const EXTENSIONS: Record<string, RegExp> = {
  iso: /\.(iso|img)$/i,
  vztmpl: /\.(tar\.(gz|xz|zst|bz2)|tgz)$/i,
  import: /\.(ova|ovf|qcow2|raw|vmdk)$/i,
};

function uploadedFile(request: Request): UploadedFile {
  const file = (request.params as { [UPLOADED_FILE]?: UploadedFile })[UPLOADED_FILE];
  // A form-urlencoded call names a `tmpfilename` the simulator never received.
  if (file === undefined)
    throw parameterError({ tmpfilename: 'no uploaded file (send multipart/form-data)' });
  return file;
}

function checkedChecksum(request: Request): { algorithm: string; expected: string } | undefined {
  const algorithm = stringParam(request.params, 'checksum-algorithm');
  const expected = stringParam(request.params, 'checksum');
  return algorithm === undefined || expected === undefined ? undefined : { algorithm, expected };
}

// The directory a dir storage keeps each uploadable content in (pve-storage `get_*_dir`).
const DIRECTORIES: Record<string, string> = {
  iso: 'template/iso',
  vztmpl: 'template/cache',
  import: 'import',
};

function checkName(content: string, filename: string): void {
  const pattern = EXTENSIONS[content];
  if (pattern === undefined || pattern.test(filename)) return;
  const problem =
    content === 'import' ? 'invalid filename or wrong extension' : 'wrong file extension';
  throw parameterError({ filename: problem });
}

/**
 * POST `/nodes/{node}/storage/{storage}/upload` (pve-storage API2/Storage/Status.pm
 * `upload`): checks storage and name, then an `imgcopy` worker verifies the checksum and
 * puts the file into the storage (replacing one of the same name), where the content listing
 * shows it.
 */
function upload(request: Request) {
  const node = String(request.params.node);
  const storeid = String(request.params.storage);
  const content = String(request.params.content) as ContentType;
  const filename = String(request.params.filename);
  const storage = nodeStorage(request.state.cluster, node, storeid);
  if (storage.type !== 'dir')
    throw new HttpError(500, `can't upload to storage type '${storage.type}'`);
  checkName(content, filename);
  if (!storage.content.includes(content)) {
    throw new HttpError(500, `storage '${storeid}' does not support '${content}' content`);
  }
  const file = uploadedFile(request);
  const checksum = checkedChecksum(request);
  const tmpfilename = String(request.params.tmpfilename);
  const target = `/var/lib/vz/${DIRECTORIES[content] ?? content}/${filename}`;

  return startWorker(request, 'imgcopy', '', (worker) => {
    worker.log(`starting file import from: ${tmpfilename}`);
    if (checksum !== undefined) {
      const got = createHash(checksum.algorithm).update(file.bytes).digest('hex');
      if (got.toLowerCase() !== checksum.expected.toLowerCase()) {
        worker.log('calculating checksum...');
        throw new Error(`checksum mismatch: got '${got}' != expect '${checksum.expected}'`);
      }
      worker.log('calculating checksum...OK, checksum verified');
    }
    worker.log(`target node: ${node}`);
    worker.log(`target file: ${target}`);
    worker.log(`file size is: ${file.bytes.byteLength}`);
    worker.log(`command: cp -- ${tmpfilename} ${target}`);
    storeFile(request.state.cluster, {
      node,
      storeid,
      content: content as 'iso' | 'vztmpl',
      filename,
      size: file.bytes.byteLength,
    });
    worker.log('finished file import successfully');
  });
}

export const storageUploadRoutes: Route<SimulatorState>[] = [
  {
    method: 'POST',
    path: '/nodes/{node}/storage/{storage}/upload',
    handler: (request) => ok(upload(request)),
  },
];
