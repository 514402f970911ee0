/** Small helpers shared by every package of the node; depends on nothing of ours. */
package cairn.util;
