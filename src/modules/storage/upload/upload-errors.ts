/**
 * The errors the upload engine raises about one file, built in one place so that every refusal
 * names the form field and file the same way (the filter turns them into 413 / 415 / 422).
 * Messages start with "File": Nest treats a message starting "Unsupported content type" specially.
 */
import { AppError } from '../../../common/errors/app-error.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number(mib.toFixed(1))} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** The name is echoed only once it passed `originalNameProblem`, so it is a plain label. */
function label(fileName: string): string {
  return JSON.stringify(fileName);
}

export function fileTooLarge(field: string, fileName: string, maxBytes: number): AppError {
  return new AppError(
    ErrorCode.PayloadTooLarge,
    `File ${label(fileName)} in field ${field} is larger than the ${formatBytes(maxBytes)} limit`,
    { field, fileName, maxBytes },
  );
}

export function unsupportedFile(field: string, fileName: string, reason: string): AppError {
  return new AppError(ErrorCode.UnsupportedMediaType, `File ${label(fileName)}: ${reason}`, {
    field,
    fileName,
    reason,
  });
}

export function emptyFile(field: string, fileName: string): AppError {
  return AppError.validation(
    [{ field, message: `file ${label(fileName)} is empty` }],
    `File ${label(fileName)} is empty`,
  );
}

export function badFileName(field: string, problem: string): AppError {
  return AppError.validation(
    [{ field, message: `a file ${problem}` }],
    `File in field ${field} ${problem}`,
  );
}

const megapixels = (pixels: number) => `${Number((pixels / 1_000_000).toFixed(1))} megapixels`;

export function imageTooLarge(
  field: string,
  fileName: string,
  size: { width: number; height: number },
  maxPixels: number,
): AppError {
  const message =
    `image ${label(fileName)} is ${size.width} × ${size.height} pixels ` +
    `(${megapixels(size.width * size.height)}); at most ${megapixels(maxPixels)} are accepted`;
  return AppError.validation([{ field, message }], `File ${message}`);
}
