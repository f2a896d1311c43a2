// The start-up benchmark's baseline: a pack with one policy that does nothing and no preflight-guard
// code at all, so what our pack's start-up costs beyond it is the loading of our own modules.
const { PolicyPack } = require('@pulumi/policy');

new PolicyPack('empty', {
  policies: [
    {
      name: 'nothing',
      description: 'Checks nothing.',
      enforcementLevel: 'advisory',
      validateResource: () => {},
    },
  ],
});
