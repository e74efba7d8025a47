import { createWebhookRequest, keyName, webhookKeyName } from '@latchkey/api-routes';

describe('webhook connection names', () => {
  const longest = createWebhookRequest.shape.name.maxLength as number;

  it('the longest accepted connection name, in any characters, derives a valid key name', () => {
    for (const char of ['a', 'é', '中', '\u0301']) {
      const name = char.repeat(longest);
      expect(createWebhookRequest.safeParse({ name }).success).toBe(true);
      expect(keyName.safeParse(webhookKeyName(name)).success).toBe(true);
    }
  });

  it('a name one character longer is refused at the edge, naming the field', () => {
    const result = createWebhookRequest.safeParse({ name: 'a'.repeat(longest + 1) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['name']);
  });
});
