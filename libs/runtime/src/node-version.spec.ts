describe('runtime', () => {
  it('runs on Node 24 LTS (the pinned devDependency), as MikroORM 7 requires', () => {
    const [major, minor] = process.versions.node.split('.').map(Number);
    expect(major).toBe(24);
    expect(minor).toBeGreaterThanOrEqual(9);
  });
});
