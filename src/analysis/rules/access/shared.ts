/** Readers shared by the access rules. */
import type {EmrCluster} from '../../../model/types.js'

/** `j-1ABC (analytics)` / `j-1ABC`: a cluster as operators know it. */
export function clusterLabel(cluster: EmrCluster): string {
  return cluster.name ? `${cluster.id} (${cluster.name})` : cluster.id
}
