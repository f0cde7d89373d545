import { KeyLocks } from '../../../../cli/local/keyLocks';

// Lets every settled promise run its callbacks.
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyLocks', () => {
  it('lets reads of a name run together, a write alone, and the others of that name wait in turn', async () => {
    // Prepare
    const locks = new KeyLocks();
    const order: string[] = [];
    const hold = async (label: string, name: string, exclusive: boolean) => {
      const release = await locks.acquire(name, exclusive);
      order.push(label);
      return release;
    };

    // Act: two reads, a write, a read after it, and a write of another name
    const read1 = await hold('read 1', 'k', false);
    const read2 = await hold('read 2', 'k', false);
    const write = hold('write', 'k', true);
    const read3 = hold('read 3', 'k', false);
    const other = await hold('other', 'j', true);
    await settle();
    const whileRead = [...order];
    read1();
    read2();
    read2(); // a second release changes nothing
    await settle();
    const whileWrite = [...order];
    (await write)();
    await settle();

    // Assess
    expect(whileRead).toEqual(['read 1', 'read 2', 'other']);
    expect(whileWrite).toEqual(['read 1', 'read 2', 'other', 'write']);
    expect(order).toEqual(['read 1', 'read 2', 'other', 'write', 'read 3']);
    (await read3)();
    other();
  });
});
