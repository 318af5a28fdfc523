import { PipeTransform } from '@nestjs/common';
import { AppError, ErrorCode, REPOSITORY_ID_PATTERN } from '@lib/contracts';

/** v1: a malformed id is a 400 before anything is looked up (also stops path tricks in ids). */
export class RepositoryIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!REPOSITORY_ID_PATTERN.test(value)) {
      const message = 'params/repository_id Invalid repository ID format';
      throw new AppError(ErrorCode.ValidationFailed, message, [message]);
    }
    return value;
  }
}
