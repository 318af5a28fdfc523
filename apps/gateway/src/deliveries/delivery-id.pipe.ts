import { PipeTransform } from '@nestjs/common';
import { AppError, ErrorCode, isDeliveryId } from '@lib/contracts';

/** As repository ids: a malformed delivery id is a 400 before anything is looked up. */
export class DeliveryIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isDeliveryId(value)) {
      const message = 'params/delivery_id Invalid delivery ID format';
      throw new AppError(ErrorCode.ValidationFailed, message, [message]);
    }
    return value.toLowerCase();
  }
}
