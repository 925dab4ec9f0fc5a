/** The lab: reproduces the seed's backing-file vs convert encryption experiments through the compute driver. */
package org.novalab.lab;
