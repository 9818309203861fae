/**
 * Masks a sensitive value as the partner center lists it by default: first and last
 * character kept, the rest starred ("杭州蓝海网络科技有限公司" → "杭**********司").
 */
export function mask(value: string): string {
  const chars = [...value];
  if (chars.length <= 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + "*".repeat(chars.length - 2) + chars[chars.length - 1];
}
