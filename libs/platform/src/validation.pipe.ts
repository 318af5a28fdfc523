import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorCode } from '@lib/contracts';

function flatten(errors: ValidationError[], prefix: string): string[] {
  return errors.flatMap((e) => {
    const path = `${prefix}${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path} ${m}`);
    return [...own, ...flatten(e.children ?? [], `${path}.`)];
  });
}

/** Unknown properties are refused, not silently dropped: a typo in a field name is a 400, not ignored. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors, 'body/');
      return new AppError(ErrorCode.ValidationFailed, details.join(', ') || 'Invalid request', details);
    },
  });
}
