/**
 * The UI's messages in Simplified Chinese, read the way the elements read them: `msg()` with the
 * catalogue loaded by `@lit/localize` and the formatters in the Chinese locale.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useChinese } from './support/chinese.ts';
import { StudioError } from '../../src/shared/errors.ts';
import { strings as s } from '../../src/ui/strings.ts';

beforeAll(async () => {
  await useChinese();
});

describe('the Chinese UI', () => {
  it('says what it shows in Chinese, numbers formatted for the locale', () => {
    expect(s.trainTitle).toBe('训练');
    expect(s.epochLine(2, 10)).toBe('第 2 轮，共 10 轮');
    expect(s.testAccuracy(0.98874)).toBe('测试准确率：98.87%');
    expect(s.dataStored(54_950_048)).toBe('已保存在此浏览器中 · 54.9 MB');
    expect(s.testCount(10_000, 113)).toBe('共 10,000 张，答对 9,887 张，答错 113 张');
    expect(s.elapsed(125_000)).toBe('已用时 2分钟5秒');
    expect(s.modelOption('conv', 56_714)).toBe('conv — 代码清单 4.1 的卷积网络（56,714 个参数）');
  });

  it('words composite messages in Chinese too', () => {
    expect(s.trainPhase('paused')).toBe('已暂停');
    expect(s.digitWrong(3, 5)).toBe('✗ 预测 3 · 实为 5');
    expect(s.errorMessage(new StudioError('NoModel'))).toBe('还没有训练好的模型。请先训练一个。');
    expect(s.errorMessage(new Error('boom'))).toBe('出了点问题：boom');
    expect(s.predictionModel({ kind: 'trained', name: 'dense', testAccuracy: 0.9 })).toBe(
      '由你刚训练的模型（dense）识别（测试集准确率 90.00%）。',
    );
    expect(s.modelExported(['a.json', 'a.weights.bin'])).toBe('正在下载 a.json和a.weights.bin。');
  });

  it('words errors in Chinese: ids worded, numbers formatted, the browser’s words left out', () => {
    expect(s.errorMessage(new StudioError('Busy.job', { job: 'train' }))).toBe(
      '还在进行训练，请等它完成后再试。',
    );
    expect(
      s.errorMessage(
        new StudioError('StorageFailed.indexedDb', {
          action: 'storeMnist',
          detail: 'UnknownError: Internal error opening backing store',
        }),
      ),
    ).toBe('无法保存 MNIST 文件：浏览器的存储（IndexedDB）出错了。隐私浏览模式可能会阻止存储。');
    expect(
      s.errorMessage(
        new StudioError('DataCorrupt.truncated', {
          file: 'train-images-idx3-ubyte',
          expected: 47_040_016,
          actual: 1_000,
        }),
      ),
    ).toBe(
      'train-images-idx3-ubyte 不完整：只有 1,000 字节，应为 47,040,016 字节。请删除数据后重新下载。',
    );
    expect(
      s.downloadError(
        new StudioError('DownloadFailed.network', {
          file: 'manifest.json',
          url: 'https://x.test/manifest.json',
          detail: 'Failed to fetch',
        }),
      ),
    ).toBe(
      '无法从 https://x.test/manifest.json 下载 manifest.json。请检查网络连接后重试。没有保存任何内容。',
    );
  });
});
