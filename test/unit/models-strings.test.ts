import { describe, expect, it } from 'vitest';
import { StudioError } from '../../src/shared/errors.ts';
import { describeError } from '../../src/ui/notices.ts';
import { strings as s } from '../../src/ui/strings.ts';

describe('Models panel strings', () => {
  it('offers a name that says what the model is: architecture, test accuracy, when', () => {
    const at = new Date(2026, 10, 26, 11, 2).getTime();
    expect(s.modelsDefaultName('conv', 0.98874, at)).toBe('conv · 98.87% · Nov 26, 11:02 AM');
    expect(s.modelsDefaultName('dense', undefined, at)).toBe('dense · Nov 26, 11:02 AM');
  });

  it('says which model is in use and whether it is saved', () => {
    const at = new Date(2026, 10, 26, 11, 2).getTime();
    expect(s.modelsInUseTrained('conv', at)).toBe('In use: conv · trained at 11:02 AM (not saved)');
    expect(s.modelsInUseTrained('conv')).toBe('In use: conv · trained just now (not saved)');
    expect(s.modelsInUseSaved('my-model')).toBe('In use: my-model (saved)');
  });

  it('lists what is known of a saved model, and only that', () => {
    expect(s.modelsFacts('conv', 0.9912, 10)).toBe('conv · 99.12% test accuracy · 10 epochs');
    expect(s.modelsFacts('dense', 0.95, 1)).toBe('dense · 95.00% test accuracy · 1 epoch');
    expect(s.modelsFacts('custom')).toBe('custom');
  });

  it('turns saved-model and name errors from the worker into sentences', () => {
    expect(
      describeError({
        name: 'ModelNotFound',
        code: 'ModelNotFound.noTopology',
        params: { name: 'conv · 99%' },
      }),
    ).toBe('The saved model “conv · 99%” is incomplete: its layers are missing.');
    // The rule is worded by the UI (in its language), from the numbers the worker sends.
    expect(describeError(new StudioError('InvalidName.tooLong', { max: 80, length: 1_234 }))).toBe(
      'A model name has at most 80 characters; this one has 1,234.',
    );
    expect(describeError(new StudioError('InvalidName.empty'))).toBe('A model needs a name.');
  });
});
