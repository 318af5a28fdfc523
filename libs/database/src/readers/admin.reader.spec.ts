import { likeContains } from './admin.reader';

describe('likeContains', () => {
  it.each([
    ['docs', '%docs%'],
    ['100%', '%100\\%%'],
    ['a_b', '%a\\_b%'],
    ['back\\slash', '%back\\\\slash%'],
    ['%_\\', '%\\%\\_\\\\%'],
  ])('should match %p literally as %p', (term, pattern) => {
    expect(likeContains(term)).toBe(pattern);
  });
});
