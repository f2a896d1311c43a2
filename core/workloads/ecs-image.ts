import { literalText, subText, type TemplateString } from './template-string';

/**
 * Stands in for an ECR registry host whose account or region only deployment decides. Binding a container
 * to a model card looks at the repository path and the tag, which stay as written; this host is valid
 * syntax for image-reference parsers and is plainly not a real account.
 */
export const ECR_HOST_STAND_IN = '000000000000.dkr.ecr.unknown-region.amazonaws.com';

/** What `cdk synth` writes for `ContainerImage.fromAsset`: the tag is a content hash, not a version. */
const CDK_ASSET_REPOSITORY = /\/cdk-[a-z0-9]+-container-assets-|\/aws-cdk\/assets[:@]/;

/**
 * The image of an ECS container definition: literal as written; with a deploy-time ECR host (`${AWS::AccountId}
 * .dkr.ecr.${AWS::Region}...`) the host is replaced by ECR_HOST_STAND_IN; anything else deploy-time leaves
 * the image unknown, with the reason.
 */
export function ecsImage(value: TemplateString): { image?: string; imageUnknown?: string } {
  const literal = literalText(value);
  if (literal !== undefined) return literal ? { image: literal } : { imageUnknown: 'empty image' };
  if (CDK_ASSET_REPOSITORY.test(subText(value))) return { imageUnknown: 'CDK asset image' };
  const slash = value.findIndex((part) => typeof part === 'string' && part.includes('/'));
  const firstUnknown = value.find((part) => typeof part !== 'string');
  const unknownAfterHost = value.slice(slash + 1).find((part) => typeof part !== 'string');
  if (slash === -1 || unknownAfterHost) return { imageUnknown: (unknownAfterHost ?? firstUnknown)?.reason };
  const hostEnd = value[slash] as string;
  const hostText = value
    .slice(0, slash)
    .filter((part) => typeof part === 'string')
    .join('');
  const host = hostText + hostEnd.slice(0, hostEnd.indexOf('/'));
  if (!host.includes('.dkr.ecr.')) return { imageUnknown: firstUnknown?.reason };
  return { image: ECR_HOST_STAND_IN + hostEnd.slice(hostEnd.indexOf('/')) };
}
