/**
 * Whether an MQTT topic matches a topic filter (`+` matches one level, a final `#` matches
 * the rest, including none). Topics starting with `$` never match a wildcard in their first
 * level, as MQTT 3.1.1 §4.7.2 requires.
 *
 * ```ts
 * topicMatches('city/water/level/+/reading', 'city/water/level/SW0001/reading'); // true
 * topicMatches('city/water/#', 'city/water'); // true
 * ```
 */
export function topicMatches(filter: string, topic: string): boolean {
  const wanted = filter.split('/');
  const levels = topic.split('/');
  if (topic.startsWith('$') && (wanted[0] === '+' || wanted[0] === '#')) return false;
  for (let index = 0; index < wanted.length; index += 1) {
    const part = wanted[index]!;
    if (part === '#') return true;
    if (index >= levels.length) return false;
    if (part !== '+' && part !== levels[index]) return false;
  }
  return wanted.length === levels.length;
}
